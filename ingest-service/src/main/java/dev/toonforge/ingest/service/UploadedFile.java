package dev.toonforge.ingest.service;

import java.nio.file.Path;

/** One multipart part as received: the name the client gave it and where the server spooled it. */
public record UploadedFile(String name, Path path) {
}
