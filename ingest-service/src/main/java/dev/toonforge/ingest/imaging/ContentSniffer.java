package dev.toonforge.ingest.imaging;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Names what a file that no image decoder recognises most likely is, so the reason says more than "unknown". */
final class ContentSniffer {

    private ContentSniffer() {
    }

    static String describe(byte[] bytes) {
        if (bytes.length == 0) {
            return "the file is empty (0 bytes)";
        }
        if (bytes.length >= 12 && bytes[4] == 'f' && bytes[5] == 't' && bytes[6] == 'y' && bytes[7] == 'p') {
            String brand = new String(bytes, 8, 4, StandardCharsets.ISO_8859_1);
            if (brand.startsWith("hei") || brand.startsWith("hev") || brand.equals("mif1") || brand.equals("msf1")) {
                return "it is a HEIC/HEIF photo, which is not supported; export it as JPEG or PNG";
            }
            if (brand.startsWith("avi")) {
                return "it is an AVIF image, which is not supported; export it as JPEG, PNG or WebP";
            }
        }
        if (bytes.length >= 4 && ((bytes[0] == 'I' && bytes[1] == 'I' && bytes[2] == 42 && bytes[3] == 0)
                || (bytes[0] == 'M' && bytes[1] == 'M' && bytes[2] == 0 && bytes[3] == 42))) {
            return "it is a TIFF image, which is not supported; export it as PNG or JPEG";
        }
        int n = Math.min(bytes.length, 512);
        String head = new String(bytes, 0, n, StandardCharsets.ISO_8859_1).stripLeading().toLowerCase(Locale.ROOT);
        if (head.startsWith("\ufeff")) {
            head = head.substring(1);
        }
        if (head.contains("<svg")) {
            return "it is an SVG drawing; vector images are not supported, export it as PNG";
        }
        if (head.startsWith("<!doctype html") || head.startsWith("<html") || head.contains("<head") || head.contains("<body")) {
            return "it is an HTML page, not an image";
        }
        if (head.startsWith("<?xml")) {
            return "it is an XML document, not an image";
        }
        if (isMostlyText(bytes, n)) {
            return "it is a text file, not an image";
        }
        if (bytes.length >= 2 && bytes[0] == 'P' && bytes[1] == 'K') {
            return "it looks like a damaged zip archive, not an image";
        }
        return "the content is not a PNG, JPEG, GIF, BMP or WebP image";
    }

    private static boolean isMostlyText(byte[] bytes, int n) {
        int printable = 0;
        for (int i = 0; i < n; i++) {
            int b = bytes[i] & 0xff;
            if (b == '\n' || b == '\r' || b == '\t' || (b >= 0x20 && b != 0x7f)) {
                printable++;
            }
        }
        return printable >= n * 0.95;
    }
}
