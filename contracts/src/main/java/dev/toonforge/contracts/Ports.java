package dev.toonforge.contracts;

/** Default ports, fixed once so that every service, the launcher and docker-compose agree. */
public final class Ports {

    public static final int GALLERY_UI = 8080;
    public static final int INGEST_SERVICE = 8081;
    public static final int TRAINER_SERVICE = 8082;
    public static final int SAMPLER_SERVICE = 8083;
    public static final int KAFKA = 9092;
    public static final int S3 = 9000;

    private Ports() {
    }
}
