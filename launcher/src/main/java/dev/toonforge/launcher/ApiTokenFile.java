package dev.toonforge.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/** The API token of one data folder: generated on first use, kept (readable by its owner only) for later starts. */
final class ApiTokenFile {

    private ApiTokenFile() {
    }

    /** Where the token of {@code dataDir} is kept. */
    static Path location(Path dataDir) {
        return dataDir.resolve("api-token");
    }

    static String readOrCreate(Path dataDir) {
        Path file = location(dataDir);
        try {
            if (Files.isRegularFile(file)) {
                String token = Files.readString(file).trim();
                if (!token.isEmpty()) {
                    return token;
                }
            }
            Files.createDirectories(dataDir);
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String token = HexFormat.of().formatHex(random);
            Files.writeString(file, token + "\n");
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // best effort on file systems without POSIX permissions
            }
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the API token in " + file, e);
        }
    }
}
