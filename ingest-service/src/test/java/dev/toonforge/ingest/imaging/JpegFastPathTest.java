package dev.toonforge.ingest.imaging;

import dev.toonforge.ingest.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The libjpeg-turbo fast path against the reference path (ImageIO) on the same files.
 * <p>
 * Bounds: with no DCT scaling both decoders run the same integer IDCT and upsampling, and the outputs match to within
 * rounding (mean absolute difference, MAD, below 0.5 of 255). With 1/2 DCT scaling the decoder's downscale is not an
 * exact area average (it truncates each block's spectrum), so noise and hard edges come out slightly differently, most of
 * all on these test pictures, whose channels wrap from 255 to 0 in hard edges (figures in docs/benchmarks.md); the bound
 * is 3.0. A wrong channel order or an orientation applied twice or not at all gives a MAD of tens on these pictures (each
 * channel runs a gradient in a different direction); the orientation test checks that the bound tells them apart.
 */
class JpegFastPathTest {

    private final ImageNormalizer fast = new ImageNormalizer(NormalizationRules.defaults(), true);
    private final ImageNormalizer reference = new ImageNormalizer(NormalizationRules.defaults(), false);

    @Test
    void thisBuildLoadsTheFastDecoder() {
        // Fails (rather than silently testing ImageIO twice) if the native library does not load on linux-x86_64.
        assertThat(fast.jpegFastPath()).isTrue();
        assertThat(reference.jpegFastPath()).isFalse();
    }

    @Test
    void aPlainPhotoTwiceTheTargetSizeIsDecodedAtHalfSizeAndLooksLikeTheReference() throws Exception {
        byte[] jpeg = TestFiles.jpeg(500, 500, 42);

        NormalizedImage quick = fast.normalize(jpeg, 128);
        NormalizedImage slow = reference.normalize(jpeg, 128);

        assertThat(quick.decoder()).isEqualTo("libjpeg-turbo 1/2");
        assertThat(slow.decoder()).isEqualTo(NormalizedImage.IMAGEIO);
        assertThat(quick.sourceWidth()).isEqualTo(500);
        assertThat(quick.sourceHeight()).isEqualTo(500);
        assertThat(meanAbsoluteDifference(quick, slow)).isLessThan(3.0);
    }

    @Test
    void withoutScalingTheFastPathMatchesTheReferenceToRounding() throws Exception {
        byte[] jpeg = TestFiles.jpeg(300, 200, 43); // shorter side 200 < 2 x 128: no DCT scaling

        NormalizedImage quick = fast.normalize(jpeg, 128);

        assertThat(quick.decoder()).isEqualTo("libjpeg-turbo 1/1");
        assertThat(meanAbsoluteDifference(quick, reference.normalize(jpeg, 128))).isLessThan(0.5);
    }

    @Test
    void scalingGoesAsFarAsTheWindowStaysAtLeastTheTargetSize() throws Exception {
        byte[] jpeg = TestFiles.jpeg(1100, 600, 44); // window 600: 1/4 gives 150 >= 128, 1/8 would give 75

        NormalizedImage quick = fast.normalize(jpeg, 128);

        assertThat(quick.decoder()).isEqualTo("libjpeg-turbo 1/4");
        assertThat(meanAbsoluteDifference(quick, reference.normalize(jpeg, 128))).isLessThan(3.0);
        assertThat(ScaledJpegDecoder.reductionFor(255, 128)).isEqualTo(1);
        assertThat(ScaledJpegDecoder.reductionFor(256, 128)).isEqualTo(2);
        assertThat(ScaledJpegDecoder.reductionFor(5000, 32)).isEqualTo(8);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void exifOrientationIsAppliedExactlyOnce(int orientation) throws Exception {
        byte[] jpeg = ImageNormalizerTest.withExifOrientation(TestFiles.jpeg(520, 300, 45), orientation);

        NormalizedImage quick = fast.normalize(jpeg, 128);
        NormalizedImage slow = reference.normalize(jpeg, 128);

        assertThat(quick.decoder()).startsWith(NormalizedImage.LIBJPEG_TURBO);
        assertThat(quick.sourceWidth()).isEqualTo(slow.sourceWidth());
        assertThat(quick.sourceHeight()).isEqualTo(slow.sourceHeight());
        assertThat(meanAbsoluteDifference(quick, slow)).isLessThan(3.0);
        if (orientation != 1) {
            NormalizedImage unturned = reference.normalize(TestFiles.jpeg(520, 300, 45), 128);
            assertThat(meanAbsoluteDifference(quick, unturned)).as("the same picture not turned").isGreaterThan(10.0);
        }
    }

    @Test
    void headerLimitsAreCheckedBeforeDecodingWithTheSameReasons() {
        byte[] jpeg = TestFiles.jpeg(400, 300, 46);
        ImageNormalizer strictFast = new ImageNormalizer(limits(100_000), true);
        ImageNormalizer strictReference = new ImageNormalizer(limits(100_000), false);

        String fastReason = reason(strictFast, jpeg);

        assertThat(fastReason).contains("400x300").contains("limit is 0.1 megapixels");
        assertThat(fastReason).isEqualTo(reason(strictReference, jpeg));
    }

    @Test
    void damagedJpegsGetTheReferenceAnswer() {
        byte[] truncated = TestFiles.truncated(TestFiles.jpeg(400, 400, 47));
        byte[] scrambled = TestFiles.jpeg(400, 400, 48);
        // Overwrite part of the entropy-coded data with a marker that cannot be there (a second SOI).
        for (int i = scrambled.length / 2; i < scrambled.length / 2 + 40; i += 2) {
            scrambled[i] = (byte) 0xFF;
            scrambled[i + 1] = (byte) 0xD8;
        }

        for (byte[] damaged : Arrays.asList(truncated, scrambled)) {
            String expected = reason(reference, damaged);
            assertThat(expected).contains("truncated or corrupt");
            assertThat(reason(fast, damaged)).isEqualTo(expected);
        }
    }

    @Test
    void otherJpegsAndFormatsAreLeftToImageIO() throws Exception {
        assertThat(fast.normalize(TestFiles.png(300, 300, 49), 128).decoder()).isEqualTo(NormalizedImage.IMAGEIO);
        assertThat(JpegHeader.read(TestFiles.jpeg(300, 200, 50)).orElseThrow().plainYCbCr()).isTrue();
        byte[] withIcc = insertApp2Icc(TestFiles.jpeg(300, 200, 50));
        assertThat(JpegHeader.read(withIcc).orElseThrow().iccProfile()).isTrue();
        assertThat(JpegHeader.read(withIcc).orElseThrow().plainYCbCr()).isFalse();
    }

    private static NormalizationRules limits(long maxPixels) {
        NormalizationRules d = NormalizationRules.defaults();
        return new NormalizationRules(maxPixels, d.minSide(), d.square(), d.backgroundRgb(), d.filter());
    }

    private static String reason(ImageNormalizer normalizer, byte[] bytes) {
        try {
            normalizer.normalize(bytes, 128);
        } catch (ImageRejectedException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected the file to be rejected");
    }

    private static byte[] insertApp2Icc(byte[] jpeg) {
        byte[] payload = "ICC_PROFILE\0\1\1not-a-real-profile".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] out = new byte[jpeg.length + 4 + payload.length];
        System.arraycopy(jpeg, 0, out, 0, 2);
        out[2] = (byte) 0xFF;
        out[3] = (byte) 0xE2;
        out[4] = (byte) ((payload.length + 2) >> 8);
        out[5] = (byte) (payload.length + 2);
        System.arraycopy(payload, 0, out, 6, payload.length);
        System.arraycopy(jpeg, 2, out, 6 + payload.length, jpeg.length - 2);
        return out;
    }

    static double meanAbsoluteDifference(NormalizedImage a, NormalizedImage b) throws Exception {
        byte[] pa = ImageNormalizerTest.decode(a.png()).pixels();
        byte[] pb = ImageNormalizerTest.decode(b.png()).pixels();
        assertThat(pa).hasSameSizeAs(pb);
        long sum = 0;
        for (int i = 0; i < pa.length; i++) {
            sum += Math.abs((pa[i] & 0xff) - (pb[i] & 0xff));
        }
        return (double) sum / pa.length;
    }
}
