package dev.toonforge.ingest.imaging;

import java.util.Locale;

/** Why a file of an upload was refused, in categories a dashboard can count (the message says the details). */
public enum RejectionReason {
    /** A file of 0 bytes. */
    EMPTY,
    /** Not a format this service decodes. */
    NOT_AN_IMAGE,
    /** A known format, truncated or damaged. */
    CORRUPT,
    /** Over the byte or pixel limit, or more memory to decode than the service has. */
    TOO_LARGE,
    /** A side shorter than the minimum. */
    TOO_SMALL,
    /** Refused by the archive rules: a limit of the archive, a path leaving it, a nested or damaged archive. */
    ARCHIVE,
    /** The uploaded part itself could not be read. */
    UNREADABLE;

    /** The tag value: lower case with underscores. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
