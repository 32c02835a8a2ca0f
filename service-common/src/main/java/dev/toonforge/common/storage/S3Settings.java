package dev.toonforge.common.storage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code toonforge.s3.*}: where the object store is. Environment overrides: TOONFORGE_S3_ENDPOINT, ... */
@ConfigMapping(prefix = "toonforge.s3")
public interface S3Settings {

    @WithDefault("http://127.0.0.1:9000")
    String endpoint();

    @WithDefault("minioadmin")
    String accessKey();

    @WithDefault("minioadmin")
    String secretKey();

    @WithDefault("toonforge")
    String bucket();

    @WithDefault("us-east-1")
    String region();
}
