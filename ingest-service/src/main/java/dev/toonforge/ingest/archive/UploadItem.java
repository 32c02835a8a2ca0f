package dev.toonforge.ingest.archive;

/** One thing found in an upload: an image candidate with its bytes, or a file refused before decoding, with why. */
public sealed interface UploadItem {

    /** The name shown to the user: the upload's file name, or {@code archive.zip/folder/entry.png}. */
    String name();

    record Candidate(String name, byte[] bytes) implements UploadItem {
    }

    record Rejected(String name, String reason) implements UploadItem {
    }
}
