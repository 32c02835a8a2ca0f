package dev.toonforge.common.rest;

import dev.toonforge.common.security.RequiresToken;
import dev.toonforge.common.storage.StorageUnavailableException;
import dev.toonforge.contracts.naming.InvalidNameException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

import java.io.IOException;

/** Endpoints that exercise the token guard and the error mappers the way the services' endpoints do. */
@Path("/probe")
public class ProbeResource {

    @POST
    @Path("write")
    @RequiresToken
    public String write(String body) {
        return "written " + body;
    }

    @GET
    @Path("read")
    public String read() {
        return "read";
    }

    @GET
    @Path("invalid-name")
    public String invalidName() {
        throw new InvalidNameException("dataset name 'Bad Name' must match [a-z0-9][a-z0-9-]{0,62}");
    }

    @GET
    @Path("missing")
    public String missing() {
        throw new NotFoundException("no dataset 'gone'");
    }

    @GET
    @Path("store-down")
    public String storeDown() {
        throw new StorageUnavailableException("object store http://10.1.2.3:9000 (bucket 'toonforge') failed to get x: refused",
                new IOException("refused"));
    }
}
