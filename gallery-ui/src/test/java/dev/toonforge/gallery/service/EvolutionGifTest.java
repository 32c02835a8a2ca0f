package dev.toonforge.gallery.service;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EvolutionGifTest {

    @Test
    void keepsEveryFrameThatFitsAndSpreadsTheRestKeepingFirstAndLast() {
        assertThat(EvolutionGif.pick(3, 120)).containsExactly(0, 1, 2);
        List<Integer> picked = EvolutionGif.pick(300, 5);
        assertThat(picked).containsExactly(0, 75, 150, 224, 299);
        assertThat(EvolutionGif.pick(300, 1)).containsExactly(0, 299);
        assertThat(EvolutionGif.pick(0, 10)).isEmpty();
    }

    @Test
    void writesOneFramePerImageAtTheFirstFramesSize() throws Exception {
        List<BufferedImage> frames = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            BufferedImage frame = new BufferedImage(i == 2 ? 10 : 20, 20, BufferedImage.TYPE_INT_RGB);
            var g = frame.createGraphics();
            g.setColor(new Color(60 * i, 100, 200 - 40 * i));
            g.fillRect(0, 0, 20, 20);
            g.dispose();
            frames.add(frame);
        }
        byte[] gif = EvolutionGif.write(frames, 250);
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(gif))) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            reader.setInput(in);
            assertThat(reader.getNumImages(true)).isEqualTo(4);
            assertThat(reader.read(2).getWidth()).isEqualTo(20);
        }
        assertThatThrownBy(() -> EvolutionGif.write(List.of(), 100)).isInstanceOf(IllegalArgumentException.class);
    }
}
