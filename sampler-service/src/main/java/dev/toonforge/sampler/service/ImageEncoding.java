package dev.toonforge.sampler.service;

import org.w3c.dom.Node;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** PNG, animated GIF and zip encoding, and nearest-neighbour upscaling; the same image always gives the same bytes. */
public final class ImageEncoding {

    private static final String GIF_METADATA = "javax_imageio_gif_image_1.0";

    private ImageEncoding() {
    }

    public static byte[] png(BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Each pixel becomes a {@code scale} x {@code scale} block (crisp pixels for viewing small images). */
    public static BufferedImage upscale(BufferedImage image, int scale) {
        if (scale == 1) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        int[] src = image.getRGB(0, 0, w, h, null, 0, w);
        int[] dst = new int[w * scale * h * scale];
        int dw = w * scale;
        for (int y = 0; y < h * scale; y++) {
            int row = (y / scale) * w;
            for (int x = 0; x < dw; x++) {
                dst[y * dw + x] = src[row + x / scale];
            }
        }
        BufferedImage out = new BufferedImage(dw, h * scale, BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, dw, h * scale, dst, 0, dw);
        return out;
    }

    /** An animated GIF that loops forever, {@code delayMs} per frame (GIF counts in hundredths of a second). */
    public static byte[] gif(List<BufferedImage> frames, int delayMs) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            writer.prepareWriteSequence(null);
            for (int i = 0; i < frames.size(); i++) {
                BufferedImage frame = frames.get(i);
                IIOMetadata metadata = writer.getDefaultImageMetadata(
                        ImageTypeSpecifier.createFromRenderedImage(frame), param);
                IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(GIF_METADATA);
                IIOMetadataNode control = child(root, "GraphicControlExtension");
                control.setAttribute("disposalMethod", "none");
                control.setAttribute("userInputFlag", "FALSE");
                control.setAttribute("transparentColorFlag", "FALSE");
                control.setAttribute("delayTime", Integer.toString(Math.max(1, Math.round(delayMs / 10f))));
                control.setAttribute("transparentColorIndex", "0");
                if (i == 0) {
                    IIOMetadataNode app = new IIOMetadataNode("ApplicationExtension");
                    app.setAttribute("applicationID", "NETSCAPE");
                    app.setAttribute("authenticationCode", "2.0");
                    app.setUserObject(new byte[] {1, 0, 0}); // loop count 0: forever
                    child(root, "ApplicationExtensions").appendChild(app);
                }
                metadata.setFromTree(GIF_METADATA, root);
                writer.writeToSequence(new IIOImage(frame, null, metadata), param);
            }
            writer.endWriteSequence();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** A zip of named files, with fixed timestamps so the same files give the same bytes. */
    public static byte[] zip(List<String> names, List<byte[]> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (int i = 0; i < names.size(); i++) {
                ZipEntry entry = new ZipEntry(names.get(i));
                entry.setTime(0L);
                zip.putNextEntry(entry);
                zip.write(files.get(i));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static IIOMetadataNode child(IIOMetadataNode parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeName().equalsIgnoreCase(name)) {
                return (IIOMetadataNode) n;
            }
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        parent.appendChild(node);
        return node;
    }
}
