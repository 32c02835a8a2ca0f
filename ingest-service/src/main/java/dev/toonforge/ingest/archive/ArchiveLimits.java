package dev.toonforge.ingest.archive;

import dev.toonforge.ingest.config.IngestSettings;

/** The limits one upload's files are read under. */
public record ArchiveLimits(int maxEntries, long maxTotalBytes, int maxCompressionRatio, long ratioGraceBytes,
                            long maxFileBytes) {

    public static ArchiveLimits defaults() {
        return new ArchiveLimits(20_000, 2L << 30, 100, 1 << 20, 100L << 20);
    }

    public static ArchiveLimits of(IngestSettings settings) {
        IngestSettings.Archive a = settings.archive();
        return new ArchiveLimits(a.maxEntries(), a.maxTotalBytes(), a.maxCompressionRatio(), a.ratioGraceBytes(),
                settings.maxImageBytes());
    }
}
