package dev.toonforge.gallery.service;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** An animated, endlessly looping GIF of a run's sample grids, written with the JDK's own ImageIO GIF writer. */
public final class EvolutionGif {

    private EvolutionGif() {
    }

    /** Which of {@code count} frames to keep when at most {@code max} fit: evenly spread, first and last always kept. */
    public static List<Integer> pick(int count, int max) {
        List<Integer> picked = new ArrayList<>();
        if (count <= max) {
            for (int i = 0; i < count; i++) {
                picked.add(i);
            }
            return picked;
        }
        max = Math.max(2, max);
        for (int i = 0; i < max; i++) {
            int index = (int) Math.round(i * (count - 1) / (double) (max - 1));
            if (picked.isEmpty() || picked.get(picked.size() - 1) != index) {
                picked.add(index);
            }
        }
        return picked;
    }

    /** Frames all of the first frame's size (a grid that differs is drawn at the top left); the last frame lingers. */
    public static byte[] write(List<BufferedImage> frames, int delayMillis) {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("an animation needs at least one frame");
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            int width = frames.get(0).getWidth();
            int height = frames.get(0).getHeight();
            for (int i = 0; i < frames.size(); i++) {
                BufferedImage frame = sameSize(frames.get(i), width, height);
                int delay = i == frames.size() - 1 ? Math.max(delayMillis, 2000) : delayMillis;
                ImageWriteParam param = writer.getDefaultWriteParam();
                IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(frame), param);
                describe(metadata, delay, i == 0);
                writer.writeToSequence(new IIOImage(frame, null, metadata), param);
            }
            writer.endWriteSequence();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the evolution GIF", e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static BufferedImage sameSize(BufferedImage image, int width, int height) {
        BufferedImage rgb = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        var g = rgb.createGraphics();
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return rgb;
    }

    private static void describe(IIOMetadata metadata, int delayMillis, boolean first) throws IIOInvalidTreeException {
        String format = metadata.getNativeMetadataFormatName();
        IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(format);

        IIOMetadataNode control = child(root, "GraphicControlExtension");
        control.setAttribute("disposalMethod", "none");
        control.setAttribute("userInputFlag", "FALSE");
        control.setAttribute("transparentColorFlag", "FALSE");
        control.setAttribute("delayTime", Integer.toString(Math.max(1, delayMillis / 10)));
        control.setAttribute("transparentColorIndex", "0");

        if (first) {
            // NETSCAPE2.0 with a loop count of 0: repeat forever.
            IIOMetadataNode extensions = child(root, "ApplicationExtensions");
            IIOMetadataNode loop = new IIOMetadataNode("ApplicationExtension");
            loop.setAttribute("applicationID", "NETSCAPE");
            loop.setAttribute("authenticationCode", "2.0");
            loop.setUserObject(new byte[]{0x1, 0, 0});
            extensions.appendChild(loop);
        }
        metadata.setFromTree(format, root);
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
                return (IIOMetadataNode) root.item(i);
            }
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        root.appendChild(node);
        return node;
    }
}
