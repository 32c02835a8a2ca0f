package dev.toonforge.dcgan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.util.Random;

import dev.toonforge.infra.demo.DemoFaces;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ImageTensorsTest {

    @Test
    void imagesSurviveTheRoundTripThroughATensorPixelForPixel() {
        BufferedImage[] faces = {DemoFaces.face(1, 32), DemoFaces.face(2, 32), DemoFaces.face(3, 32)};

        BufferedImage[] back = ImageTensors.toImages(ImageTensors.toTensor(faces, 32));

        assertThat(back).hasSize(3);
        for (int i = 0; i < faces.length; i++) {
            assertThat(back[i].getWidth()).isEqualTo(32);
            assertThat(back[i].getHeight()).isEqualTo(32);
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    assertThat(back[i].getRGB(x, y) & 0xffffff).as("image %d at (%d, %d)", i, x, y)
                            .isEqualTo(faces[i].getRGB(x, y) & 0xffffff);
                }
            }
        }
    }

    @Test
    void interleavedBytesGiveTheSameTensorAsTheImages() {
        BufferedImage[] faces = {DemoFaces.face(4, 16), DemoFaces.face(5, 16)};
        byte[] rgb = new byte[2 * 16 * 16 * 3];
        int at = 0;
        for (BufferedImage face : faces) {
            for (int y = 0; y < 16; y++) {
                for (int x = 0; x < 16; x++) {
                    int c = face.getRGB(x, y);
                    rgb[at++] = (byte) (c >> 16);
                    rgb[at++] = (byte) (c >> 8);
                    rgb[at++] = (byte) c;
                }
            }
        }

        assertThat(ImageTensors.fromRgbBytes(rgb, 2, 16)).isEqualTo(ImageTensors.toTensor(faces, 16));
    }

    @Test
    void bytesWrittenIntoAKeptTensorReplaceWhatItHeld() {
        byte[] rgb = new byte[2 * 16 * 16 * 3];
        new Random(3).nextBytes(rgb);
        INDArray kept = Nd4j.ones(DataType.FLOAT, 2, 3, 16, 16);

        INDArray written = ImageTensors.fromRgbBytes(rgb, 2, 16, kept);

        assertThat(written).isSameAs(kept).isEqualTo(ImageTensors.fromRgbBytes(rgb, 2, 16));
        assertThatThrownBy(() -> ImageTensors.fromRgbBytes(rgb, 2, 16, Nd4j.ones(DataType.FLOAT, 2, 3, 8, 8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[2, 3, 16, 16]");
    }

    @Test
    void valuesOutsideTheRangeClipAndChannelsKeepTheirPlace() {
        // One 1x2 image, plane by plane (R, G, B): a red pixel with red past white and blue past black, then mid grey.
        INDArray tensor = Nd4j.create(new float[] {1.7f, 0f, -1f, 0f, -3f, 0f}, new long[] {1, 3, 1, 2}, 'c')
                .castTo(DataType.FLOAT);

        BufferedImage image = ImageTensors.toImages(tensor)[0];

        assertThat(image.getRGB(0, 0) & 0xffffff).isEqualTo(0xff0000);
        assertThat(image.getRGB(1, 0) & 0xffffff).isEqualTo(0x808080);
    }

    @Test
    void aTensorThatIsNotRgbIsRefused() {
        assertThatThrownBy(() -> ImageTensors.toImages(Nd4j.zeros(DataType.FLOAT, 1, 1, 4, 4)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 channels");
    }
}
