package dev.toonforge.infra.s3;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Finds the s3proxy jar: TOONFORGE_S3PROXY_JAR, then where the build copied it, then the local Maven repository. */
final class S3ProxyJar {

    private S3ProxyJar() {
    }

    static String locate() {
        String fromEnv = System.getenv("TOONFORGE_S3PROXY_JAR");
        if (fromEnv != null && Files.isRegularFile(Paths.get(fromEnv))) {
            return fromEnv;
        }
        var props = S3Server.buildProperties();
        String built = props.getProperty("s3proxy.jar");
        if (built != null && Files.isRegularFile(Paths.get(built))) {
            return built;
        }
        String version = props.getProperty("s3proxy.version", "4.1.0");
        Path inRepo = Paths.get(System.getProperty("user.home"), ".m2", "repository", "org", "gaul", "s3proxy", version,
                "s3proxy-" + version + "-jar-with-dependencies.jar");
        if (Files.isRegularFile(inRepo)) {
            return inRepo.toString();
        }
        throw new IllegalStateException("The s3proxy jar was not found (looked at TOONFORGE_S3PROXY_JAR, " + built + " and "
                + inRepo + "). Build the project once with ./mvnw -B install -DskipTests.");
    }
}
