package dev.toonforge.ingest.imaging;

import dev.toonforge.common.imaging.PngEncoder;
import dev.toonforge.ingest.config.IngestSettings.SquareMode;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Any accepted image file → an upright, opaque, square sRGB PNG of the dataset's size.
 * Order matters: header checks before pixels are decoded; EXIF orientation; alpha flattened onto the background
 * before any resampling (no dark fringes); square crop or pad; area-averaging or Lanczos resize; PNG.
 * Plain YCbCr JPEGs take a fast path (libjpeg-turbo, shrunk inside the decoder, see {@link ScaledJpegDecoder}) with the
 * same checks and steps; everything else, and any JPEG the fast path declines, goes through ImageIO.
 * Thread-safe: every call uses its own reader.
 */
public final class ImageNormalizer {

    private final NormalizationRules rules;
    private final boolean jpegFastPath;

    /** With the JPEG fast path wherever its native decoder loads. */
    public ImageNormalizer(NormalizationRules rules) {
        this(rules, true);
    }

    /**
     * {@code jpegFastPath}: decode plain YCbCr JPEGs with libjpeg-turbo, shrunk inside the decoder when the picture is
     * at least twice the target size; false: every file goes through ImageIO (the reference path).
     */
    public ImageNormalizer(NormalizationRules rules, boolean jpegFastPath) {
        this.rules = rules;
        this.jpegFastPath = jpegFastPath && ScaledJpegDecoder.available();
    }

    /** Whether plain JPEGs are decoded by libjpeg-turbo (asked for, and its native library loaded). */
    public boolean jpegFastPath() {
        return jpegFastPath;
    }

    public NormalizationRules rules() {
        return rules;
    }

    public NormalizedImage normalize(byte[] bytes, int size) throws ImageRejectedException {
        if (bytes.length == 0) {
            throw new ImageRejectedException(RejectionReason.EMPTY, "the file is empty (0 bytes)");
        }
        if (jpegFastPath) {
            Optional<NormalizedImage> fast = normalizePlainJpeg(bytes, size);
            if (fast.isPresent()) {
                return fast.get();
            }
        }
        DecodedImage decoded = decode(bytes);
        int orientation = decoded.format() == ImageFormat.JPEG ? ExifOrientation.ofJpeg(bytes) : ExifOrientation.UPRIGHT;
        // Opaque 8-bit RGB that needs no turning is resampled straight from the decoder's buffer; everything else is
        // first flattened (alpha onto the background) and turned upright.
        PixelView pixels = orientation == ExifOrientation.UPRIGHT ? AlphaFlattener.directView(decoded.image()) : null;
        if (pixels == null) {
            pixels = PixelView.of(AlphaFlattener.flatten(decoded.image(), rules.backgroundRgb()).oriented(orientation));
        }
        RgbImage square = toSquare(pixels, size);
        return new NormalizedImage(png(square), sha256(square.pixels()), size, decoded.format(),
                pixels.width(), pixels.height(), NormalizedImage.IMAGEIO);
    }

    /**
     * The fast path: a plain YCbCr JPEG decoded by libjpeg-turbo, shrunk by 2, 4 or 8 in the decoder as far as the
     * square window stays at least {@code size} pixels, then turned upright, cropped (or padded) and area-resampled like
     * any other image. Empty (the reference path takes over) for anything else, or when libjpeg-turbo complains.
     */
    private Optional<NormalizedImage> normalizePlainJpeg(byte[] bytes, int size) throws ImageRejectedException {
        Optional<JpegHeader> header = JpegHeader.read(bytes);
        if (header.isEmpty() || !header.get().plainYCbCr()) {
            return Optional.empty();
        }
        int storedW = header.get().width();
        int storedH = header.get().height();
        checkDimensions(storedW, storedH, ImageFormat.JPEG);
        int orientation = ExifOrientation.ofJpeg(bytes);
        boolean turned = orientation >= 5;
        int uprightW = turned ? storedH : storedW;
        int uprightH = turned ? storedW : storedH;
        int side = rules.square() == SquareMode.pad ? Math.max(uprightW, uprightH) : Math.min(uprightW, uprightH);
        int reduction = ScaledJpegDecoder.reductionFor(side, size);
        Optional<RgbImage> decoded = ScaledJpegDecoder.decode(bytes, reduction);
        if (decoded.isEmpty()) {
            return Optional.empty();
        }
        // EXIF orientation is applied here, once: libjpeg-turbo returns the pixels as stored.
        RgbImage upright = decoded.get().oriented(orientation);
        RgbImage square = toSquare(PixelView.of(upright), size);
        return Optional.of(new NormalizedImage(png(square), sha256(square.pixels()), size,
                ImageFormat.JPEG, uprightW, uprightH, NormalizedImage.LIBJPEG_TURBO + " 1/" + reduction));
    }

    private RgbImage toSquare(PixelView rgb, int size) {
        int w = rgb.width();
        int h = rgb.height();
        int side = rules.square() == SquareMode.pad ? Math.max(w, h) : Math.min(w, h);
        int left = (w - side) / 2;
        int top = (h - side) / 2;
        return SquareResampler.resample(rgb, left, top, side, size, rules.filter(), rules.backgroundRgb());
    }

    private record DecodedImage(BufferedImage image, ImageFormat format) {
    }

    private DecodedImage decode(byte[] bytes) throws ImageRejectedException {
        ImageReader reader = null;
        ImageFormat format = null;
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            for (Iterator<ImageReader> it = ImageIO.getImageReaders(in); it.hasNext(); ) {
                ImageReader candidate = it.next();
                Optional<ImageFormat> accepted = ImageFormat.ofReaderFormatName(candidate.getFormatName());
                if (accepted.isPresent() && reader == null) {
                    reader = candidate;
                    format = accepted.get();
                } else {
                    candidate.dispose();
                }
            }
            if (reader == null) {
                throw new ImageRejectedException(RejectionReason.NOT_AN_IMAGE, ContentSniffer.describe(bytes));
            }
            reader.setInput(in, true, true);
            checkDimensions(reader, format);
            List<String> warnings = new ArrayList<>();
            reader.addIIOReadWarningListener(collect(warnings));
            BufferedImage image = reader.read(0, reader.getDefaultReadParam());
            for (String warning : warnings) {
                String w = warning.toLowerCase(Locale.ROOT);
                if (w.contains("premature end") || w.contains("truncat") || w.contains("corrupt")) {
                    throw new ImageRejectedException(RejectionReason.CORRUPT, "the " + format + " file is truncated or corrupt (" + warning + ")");
                }
            }
            return new DecodedImage(image, format);
        } catch (ImageRejectedException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            String what = format == null ? "image" : format.name();
            throw new ImageRejectedException(RejectionReason.CORRUPT, "the " + what + " file is truncated or corrupt (" + describe(e) + ")", e);
        } catch (OutOfMemoryError e) {
            throw new ImageRejectedException(RejectionReason.TOO_LARGE, "the image needs more memory to decode than this service has", e);
        } finally {
            if (reader != null) {
                reader.dispose();
            }
        }
    }

    private void checkDimensions(ImageReader reader, ImageFormat format) throws IOException, ImageRejectedException {
        checkDimensions(reader.getWidth(0), reader.getHeight(0), format);
    }

    private void checkDimensions(int w, int h, ImageFormat format) throws ImageRejectedException {
        long pixels = (long) w * h;
        if (pixels > rules.maxPixels()) {
            throw new ImageRejectedException(RejectionReason.TOO_LARGE, String.format(Locale.ROOT,
                    "the %s is %dx%d pixels (%.1f megapixels); the limit is %.1f megapixels", format, w, h,
                    pixels / 1e6, rules.maxPixels() / 1e6));
        }
        if (Math.min(w, h) < rules.minSide()) {
            throw new ImageRejectedException(RejectionReason.TOO_SMALL, String.format(Locale.ROOT,
                    "the %s is %dx%d pixels; each side must be at least %d pixels", format, w, h, rules.minSide()));
        }
    }

    private static IIOReadWarningListener collect(List<String> warnings) {
        return (source, warning) -> warnings.add(warning);
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        if (root != e && root.getMessage() != null) {
            message += ": " + root.getMessage();
        }
        return message.length() > 200 ? message.substring(0, 200) + "..." : message;
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static byte[] png(RgbImage square) {
        return PngEncoder.encode(square.width(), square.height(), square.pixels(), PngEncoder.Compression.SMALLEST);
    }
}
