package dev.toonforge.gallery.rest;

import dev.toonforge.gallery.config.GallerySettings;
import dev.toonforge.gallery.config.ServiceUrls;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** What the page needs to know about its surroundings: where the sampler is (images load from it directly). */
@Path("/api/config")
@Produces(MediaType.APPLICATION_JSON)
public class ConfigResource {

    private final GallerySettings settings;

    public ConfigResource(GallerySettings settings) {
        this.settings = settings;
    }

    @GET
    public PageConfig config() {
        return new PageConfig(ServiceUrls.base(settings.samplerUrl()));
    }

    public record PageConfig(String samplerUrl) {
    }
}
