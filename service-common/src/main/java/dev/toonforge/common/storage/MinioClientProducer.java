package dev.toonforge.common.storage;

import io.minio.MinioClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** One MinIO client per service, built from {@link S3Settings}. */
public class MinioClientProducer {

    @Produces
    @ApplicationScoped
    MinioClient minioClient(S3Settings settings) {
        return MinioClient.builder()
                .endpoint(settings.endpoint())
                .region(settings.region())
                .credentials(settings.accessKey(), settings.secretKey())
                .build();
    }
}
