package dev.toonforge.ingest.imaging;

import dev.toonforge.ingest.testing.TestFiles;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ImageRejectionTest {

    private final ImageNormalizer normalizer = new ImageNormalizer(NormalizationRules.defaults());

    private String reason(byte[] bytes) {
        ImageRejectedException e = catchThrowableOfType(ImageRejectedException.class, () -> normalizer.normalize(bytes, 64));
        assertThat(e).as("rejected").isNotNull();
        return e.getMessage();
    }

    @Test
    void emptyFile() {
        assertThat(reason(new byte[0])).contains("empty");
    }

    @Test
    void htmlSvgAndText() {
        assertThat(reason(TestFiles.text(TestFiles.HTML))).contains("HTML");
        assertThat(reason(TestFiles.text(TestFiles.SVG))).contains("SVG");
        assertThat(reason(TestFiles.text("just some notes\nabout my characters\n"))).contains("text file");
        assertThat(reason(new byte[]{1, 2, 3, 4, 5, 6, 7, 8, 9, 0, (byte) 0xff})).contains("not a PNG, JPEG");
        byte[] heic = {0, 0, 0, 24, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c', 0, 0, 0, 0, 'm', 'i', 'f', '1', 'h', 'e', 'i', 'c'};
        assertThat(reason(heic)).contains("HEIC");
    }

    @Test
    void truncatedFiles() {
        assertThat(reason(TestFiles.truncated(TestFiles.png(120, 120, 1)))).contains("truncated or corrupt");
        assertThat(reason(TestFiles.truncated(TestFiles.jpeg(120, 120, 1)))).contains("truncated or corrupt");
    }

    @Test
    void hugeDeclaredDimensionsAreRejectedFromTheHeader() {
        assertThat(reason(TestFiles.pngHeaderClaiming(50_000, 50_000)))
                .isEqualTo("the PNG is 50000x50000 pixels (2500.0 megapixels); the limit is 40.0 megapixels");
    }

    @Test
    void tinyImages() {
        assertThat(reason(TestFiles.png(8, 100, 1))).isEqualTo("the PNG is 8x100 pixels; each side must be at least 16 pixels");
    }
}
