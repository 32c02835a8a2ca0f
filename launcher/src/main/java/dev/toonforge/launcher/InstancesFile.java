package dev.toonforge.launcher;

import dev.toonforge.infra.process.ServiceProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * {@code .toonforge/instances}: one line per running service instance, {@code name port pid}, separated by spaces, for
 * {@code ./toonforge status}. Rewritten (atomically) as instances start, removed when the system stops.
 */
final class InstancesFile {

    private InstancesFile() {
    }

    static Path location(Path dataDir) {
        return dataDir.resolve("instances");
    }

    static void write(Path dataDir, List<ServiceProcess> services) {
        StringBuilder lines = new StringBuilder();
        for (ServiceProcess service : services) {
            lines.append(service.name()).append(' ').append(service.port()).append(' ').append(service.pid()).append('\n');
        }
        Path file = location(dataDir);
        try {
            Files.createDirectories(dataDir);
            Path next = dataDir.resolve("instances.tmp");
            Files.writeString(next, lines);
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    static void remove(Path dataDir) {
        try {
            Files.deleteIfExists(location(dataDir));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + location(dataDir), e);
        }
    }
}
