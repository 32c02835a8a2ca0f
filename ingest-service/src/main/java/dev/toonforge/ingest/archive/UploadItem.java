package dev.toonforge.ingest.archive;

import dev.toonforge.ingest.imaging.RejectionReason;

/** One thing found in an upload: an image candidate with its bytes, or a file refused before decoding, with why. */
public sealed interface UploadItem {

    /** The name shown to the user: the upload's file name, or {@code archive.zip/folder/entry.png}. */
    String name();

    record Candidate(String name, byte[] bytes) implements UploadItem {
    }

    /** {@code kind}: the reason's category; a rule of the archive unless the file was too large. */
    record Rejected(String name, String reason, RejectionReason kind) implements UploadItem {
        public Rejected(String name, String reason) {
            this(name, reason, RejectionReason.ARCHIVE);
        }
    }
}
