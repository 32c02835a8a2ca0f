package dev.toonforge.ingest.imaging;

/** One file cannot become a dataset image; the message is the reason shown to the user, without the file name. */
public class ImageRejectedException extends Exception {

    public ImageRejectedException(String reason) {
        super(reason);
    }

    public ImageRejectedException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
