package dev.toonforge.ingest.imaging;

/**
 * One file cannot become a dataset image; the message is the reason shown to the user, without the file name, and
 * {@link #kind()} its category (counted in the service's metrics).
 */
public class ImageRejectedException extends Exception {

    private final RejectionReason kind;

    public ImageRejectedException(RejectionReason kind, String reason) {
        super(reason);
        this.kind = kind;
    }

    public ImageRejectedException(RejectionReason kind, String reason, Throwable cause) {
        super(reason, cause);
        this.kind = kind;
    }

    public RejectionReason kind() {
        return kind;
    }
}
