package dev.toonforge.ingest.archive;

import dev.toonforge.ingest.testing.TestFiles;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class UploadUnpackerTest {

    private static List<UploadItem> unpack(ArchiveLimits limits, String name, byte[] bytes) throws IOException {
        List<UploadItem> items = new ArrayList<>();
        new UploadUnpacker(limits).unpack(name, new ByteArrayInputStream(bytes), items::add);
        return items;
    }

    @Test
    void aSingleFileIsPassedOnWhateverItsName() throws IOException {
        byte[] png = TestFiles.png(20, 20, 1);
        assertThat(unpack(ArchiveLimits.defaults(), "photo.zip", png))
                .singleElement().isInstanceOfSatisfying(UploadItem.Candidate.class, c -> assertThat(c.bytes()).isEqualTo(png));
    }

    @Test
    void aZipIsRecognisedByItsContentNotItsName() throws IOException {
        byte[] zip = TestFiles.zip(TestFiles.entries("a/b/c.png", TestFiles.png(20, 20, 2)));
        assertThat(unpack(ArchiveLimits.defaults(), "pictures.png", zip))
                .singleElement().extracting(UploadItem::name).isEqualTo("pictures.png/a/b/c.png");
    }

    @Test
    void totalUncompressedBytesAreLimited() throws IOException {
        byte[] noise = new byte[300_000];
        new java.util.Random(3).nextBytes(noise);
        byte[] zip = TestFiles.zip(TestFiles.entries("1.png", noise, "2.png", noise, "3.png", noise, "4.png", noise));
        List<UploadItem> items = unpack(new ArchiveLimits(100, 700_000, 100, 1 << 20, 1 << 20), "big.zip", zip);
        assertThat(items).hasSize(3);
        assertThat(items.get(2)).isInstanceOfSatisfying(UploadItem.Rejected.class,
                r -> assertThat(r.reason()).contains("expands past 683.6 KiB").contains("rest of it was not read"));
    }

    @Test
    void oneFileOverTheImageLimitIsRejectedAndTheNextStillRead() throws IOException {
        byte[] noise = new byte[50_000];
        new java.util.Random(4).nextBytes(noise);
        byte[] zip = TestFiles.zip(TestFiles.entries("big.png", noise, "small.png", TestFiles.png(20, 20, 5)));
        List<UploadItem> items = unpack(new ArchiveLimits(100, 1 << 30, 100, 1 << 20, 10_000), "z.zip", zip);
        assertThat(items).hasSize(2);
        assertThat(items.get(0)).isInstanceOfSatisfying(UploadItem.Rejected.class,
                r -> assertThat(r.reason()).contains("one image may be at most 9.8 KiB"));
        assertThat(items.get(1)).isInstanceOf(UploadItem.Candidate.class);
    }

    @Test
    void manySmallHighlyCompressedEntriesTripTheArchiveRatio() throws IOException {
        byte[] zeros = new byte[200_000];
        Object[] entries = new Object[40];
        for (int i = 0; i < 20; i++) {
            entries[2 * i] = i + ".png";
            entries[2 * i + 1] = zeros;
        }
        List<UploadItem> items = unpack(ArchiveLimits.defaults(), "z.zip", TestFiles.zip(TestFiles.entries(entries)));
        assertThat(items.get(items.size() - 1)).isInstanceOfSatisfying(UploadItem.Rejected.class,
                r -> assertThat(r.reason()).contains("zip bomb"));
        assertThat(items.size()).isLessThan(20);
    }

    @Test
    void namesAndJunk() {
        assertThat(UploadUnpacker.climbsOut("../a.png")).isTrue();
        assertThat(UploadUnpacker.climbsOut("a/../../b.png")).isTrue();
        assertThat(UploadUnpacker.climbsOut("/etc/passwd")).isTrue();
        assertThat(UploadUnpacker.climbsOut("C:/x.png")).isTrue();
        assertThat(UploadUnpacker.climbsOut("a/..b/c..png")).isFalse();
        assertThat(UploadUnpacker.isJunk("__MACOSX/a/._b.png")).isTrue();
        assertThat(UploadUnpacker.isJunk("x/.DS_Store")).isTrue();
        assertThat(UploadUnpacker.isJunk("x/Thumbs.db")).isTrue();
        assertThat(UploadUnpacker.isJunk("x/thumbs.png")).isFalse();
    }

    @Test
    void aTruncatedZipKeepsTheEntriesBeforeTheDamage() throws IOException {
        byte[] noise = new byte[20_000];
        new java.util.Random(6).nextBytes(noise);
        byte[] zip = TestFiles.zip(TestFiles.entries("first.png", TestFiles.png(20, 20, 7), "second.png", noise));
        List<UploadItem> items = unpack(ArchiveLimits.defaults(), "cut.zip", java.util.Arrays.copyOf(zip, zip.length - 12_000));
        assertThat(items.get(0)).isInstanceOf(UploadItem.Candidate.class);
        assertThat(items.get(items.size() - 1)).isInstanceOfSatisfying(UploadItem.Rejected.class,
                r -> assertThat(r.reason()).contains("truncated or corrupt"));
    }
}
