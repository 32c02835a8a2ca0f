package dev.toonforge.ingest.archive;

import dev.toonforge.ingest.imaging.RejectionReason;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads one uploaded file: a single image is passed on as it is; a zip archive is streamed entry by entry (never
 * written to disk, never extracted by name) under {@link ArchiveLimits}. Every refused entry gets a reason; OS junk
 * ({@code __MACOSX/}, {@code .DS_Store}, {@code Thumbs.db}, {@code ._*}) and folders are skipped silently.
 * Whether a file is a zip is decided by its first bytes, not by its name.
 */
public final class UploadUnpacker {

    private static final Set<String> JUNK_FILES = Set.of(".ds_store", "thumbs.db", "desktop.ini", "ehthumbs.db");

    private final ArchiveLimits limits;

    public UploadUnpacker(ArchiveLimits limits) {
        this.limits = limits;
    }

    /** Feeds {@code sink} every candidate and rejection in {@code in}, in order. Does not close {@code in}. */
    public void unpack(String name, InputStream in, Consumer<UploadItem> sink) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, 64 * 1024);
        buffered.mark(8);
        byte[] magic = buffered.readNBytes(4);
        buffered.reset();
        if (isZip(magic)) {
            unpackZip(name, buffered, sink);
            return;
        }
        Bounded file = readBounded(buffered, limits.maxFileBytes());
        if (file.tooLarge) {
            sink.accept(new UploadItem.Rejected(name, tooLarge(file.size), RejectionReason.TOO_LARGE));
        } else {
            sink.accept(new UploadItem.Candidate(name, file.bytes));
        }
    }

    private void unpackZip(String archiveName, InputStream in, Consumer<UploadItem> downstream) throws IOException {
        int[] reported = {0};
        Consumer<UploadItem> sink = item -> {
            reported[0]++;
            downstream.accept(item);
        };
        // UTF-8 names (with replacement characters for anything else), Info-ZIP unicode extra fields, and the
        // stored-with-data-descriptor entries some zippers write.
        ZipArchiveInputStream zip = new ZipArchiveInputStream(in, "UTF-8", true, true);
        int entries = 0;
        long totalUncompressed = 0;
        long totalCompressed = 0;
        try {
            ZipArchiveEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                entries++;
                String entryName = entry.getName();
                String shown = archiveName + "/" + printable(entryName);
                if (entries > limits.maxEntries()) {
                    sink.accept(new UploadItem.Rejected(archiveName, "the archive has more than " + limits.maxEntries()
                            + " entries; the limit is " + limits.maxEntries() + " and the rest of it was not read"));
                    return;
                }
                String path = entryName.replace('\\', '/');
                if (climbsOut(path)) {
                    sink.accept(new UploadItem.Rejected(shown,
                            "the entry's path leaves the archive (absolute or '..'); it was not read"));
                    continue;
                }
                if (entry.isDirectory() || path.endsWith("/") || isJunk(path)) {
                    continue;
                }
                if (!zip.canReadEntryData(entry)) {
                    sink.accept(new UploadItem.Rejected(shown,
                            "the entry is encrypted or compressed with a method this service cannot read"));
                    continue;
                }
                EntryRead read = readEntry(zip, totalUncompressed, totalCompressed);
                totalUncompressed += read.uncompressed;
                totalCompressed += read.compressed;
                switch (read.outcome) {
                    case OK -> {
                        if (isArchive(read.bytes)) {
                            sink.accept(new UploadItem.Rejected(shown,
                                    "it is an archive inside the archive; nested archives are not opened"));
                        } else {
                            sink.accept(new UploadItem.Candidate(shown, read.bytes));
                        }
                    }
                    case TOO_LARGE -> sink.accept(new UploadItem.Rejected(shown, tooLarge(read.uncompressed), RejectionReason.TOO_LARGE));
                    case BOMB -> {
                        sink.accept(new UploadItem.Rejected(shown, "the entry expands more than "
                                + limits.maxCompressionRatio() + " times its compressed size (a zip bomb?); "
                                + "the rest of the archive was not read"));
                        return;
                    }
                    case TOTAL_EXCEEDED -> {
                        sink.accept(new UploadItem.Rejected(shown, "the archive expands past "
                                + human(limits.maxTotalBytes()) + " in all; the limit is "
                                + human(limits.maxTotalBytes()) + " and the rest of it was not read"));
                        return;
                    }
                }
            }
            if (reported[0] == 0) {
                sink.accept(new UploadItem.Rejected(archiveName, entries == 0 ? "the zip archive is empty"
                        : "the zip archive holds only folders and system files, no images"));
            }
        } catch (IOException | IllegalArgumentException e) {
            sink.accept(new UploadItem.Rejected(archiveName, "the zip archive is truncated or corrupt (" + e.getMessage()
                    + "); entries before the damage were read"));
        }
    }

    private enum Outcome { OK, TOO_LARGE, BOMB, TOTAL_EXCEEDED }

    private record EntryRead(Outcome outcome, byte[] bytes, long uncompressed, long compressed) {
    }

    private EntryRead readEntry(ZipArchiveInputStream zip, long totalBefore, long compressedBefore) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        long size = 0;
        boolean tooLarge = false;
        int n;
        while ((n = zip.read(buffer)) > 0) {
            size += n;
            long compressed = Math.max(1, zip.getCompressedCount());
            if (size > limits.ratioGraceBytes() && size > compressed * limits.maxCompressionRatio()) {
                return new EntryRead(Outcome.BOMB, null, size, compressed);
            }
            long total = totalBefore + size;
            long totalCompressed = Math.max(1, compressedBefore + compressed);
            if (total > limits.maxTotalBytes()) {
                return new EntryRead(Outcome.TOTAL_EXCEEDED, null, size, compressed);
            }
            if (total > limits.ratioGraceBytes() && total > totalCompressed * limits.maxCompressionRatio()) {
                return new EntryRead(Outcome.BOMB, null, size, compressed);
            }
            if (size > limits.maxFileBytes()) {
                tooLarge = true; // keep reading (under the limits above) to reach the next entry
            } else {
                out.write(buffer, 0, n);
            }
        }
        long compressed = zip.getCompressedCount();
        return tooLarge ? new EntryRead(Outcome.TOO_LARGE, null, size, compressed)
                : new EntryRead(Outcome.OK, out.toByteArray(), size, compressed);
    }

    private record Bounded(byte[] bytes, long size, boolean tooLarge) {
    }

    private static Bounded readBounded(InputStream in, long max) throws IOException {
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, max + 1));
        if (bytes.length > max) {
            long rest = in.transferTo(java.io.OutputStream.nullOutputStream());
            return new Bounded(null, bytes.length + rest, true);
        }
        return new Bounded(bytes, bytes.length, false);
    }

    static boolean climbsOut(String path) {
        if (path.startsWith("/") || (path.length() >= 2 && path.charAt(1) == ':')) {
            return true;
        }
        for (String segment : path.split("/")) {
            if (segment.equals("..")) {
                return true;
            }
        }
        return false;
    }

    static boolean isJunk(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        if (lower.startsWith("__macosx/") || lower.contains("/__macosx/")) {
            return true;
        }
        String file = lower.substring(lower.lastIndexOf('/') + 1);
        return JUNK_FILES.contains(file) || file.startsWith("._");
    }

    static boolean isZip(byte[] magic) {
        return magic.length >= 4 && magic[0] == 'P' && magic[1] == 'K'
                && ((magic[2] == 3 && magic[3] == 4) || (magic[2] == 5 && magic[3] == 6) || (magic[2] == 7 && magic[3] == 8));
    }

    /** Zip, gzip, 7z, RAR, bzip2, xz: an archive inside the archive. */
    static boolean isArchive(byte[] b) {
        if (b.length >= 4 && isZip(b)) {
            return true;
        }
        if (b.length >= 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b) {
            return true;
        }
        if (b.length >= 6 && b[0] == '7' && b[1] == 'z' && (b[2] & 0xff) == 0xbc && (b[3] & 0xff) == 0xaf) {
            return true;
        }
        if (b.length >= 4 && b[0] == 'R' && b[1] == 'a' && b[2] == 'r' && b[3] == '!') {
            return true;
        }
        if (b.length >= 3 && b[0] == 'B' && b[1] == 'Z' && b[2] == 'h') {
            return true;
        }
        return b.length >= 6 && (b[0] & 0xff) == 0xfd && b[1] == '7' && b[2] == 'z' && b[3] == 'X' && b[4] == 'Z';
    }

    private String tooLarge(long size) {
        return "the file is " + human(size) + "; one image may be at most " + human(limits.maxFileBytes());
    }

    static String human(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
        }
        if (bytes >= 1L << 20) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
        }
        if (bytes >= 1L << 10) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return bytes + " bytes";
    }

    private static String printable(String name) {
        String shown = name.length() > 200 ? name.substring(0, 200) + "..." : name;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
