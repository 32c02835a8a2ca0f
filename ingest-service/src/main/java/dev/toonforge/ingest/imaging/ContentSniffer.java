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
