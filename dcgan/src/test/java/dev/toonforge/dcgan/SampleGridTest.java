package dev.toonforge.dcgan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class SampleGridTest {

    @Test
    void aTensorDrawsTheSameGridAsItsImages() {
        // Five images in rows of three: the second row has an empty cell, which keeps the gap colour.
        INDArray samples = Nd4j.rand(DataType.FLOAT, 5, 3, 6, 6).muli(2.4).subi(1.2);

        BufferedImage fromTensor = SampleGrid.render(samples, 3);

        assertThat(fromTensor.getWidth()).isEqualTo(2 + 3 * 8);
        assertThat(fromTensor.getHeight()).isEqualTo(2 + 2 * 8);
        assertSamePixels(fromTensor, SampleGrid.render(ImageTensors.toImages(samples), 3));
        assertThat(fromTensor.getRGB(fromTensor.getWidth() - 4, fromTensor.getHeight() - 4) & 0xffffff)
                .isEqualTo(0x181818);
    }

    @Test
    void aViewOrADoubleTensorDrawsWhatItHolds() {
        INDArray batch = Nd4j.rand(DataType.DOUBLE, 4, 3, 5, 5).muli(2).subi(1);
        INDArray lastTwo = batch.get(NDArrayIndex.interval(2, 4));

        assertSamePixels(SampleGrid.render(lastTwo, 2), SampleGrid.render(ImageTensors.toImages(lastTwo.dup()), 2));
        assertSamePixels(SampleGrid.render(batch, 4), SampleGrid.render(batch.castTo(DataType.FLOAT), 4));
    }

    @Test
    void aTensorThatIsNotABatchOfRgbImagesIsRefused() {
        assertThatThrownBy(() -> SampleGrid.render(Nd4j.zeros(DataType.FLOAT, 2, 1, 4, 4), 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 channels");
        assertThatThrownBy(() -> SampleGrid.render(Nd4j.zeros(DataType.FLOAT, 2, 3, 4, 4), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("columns");
    }

    private static void assertSamePixels(BufferedImage actual, BufferedImage expected) {
        assertThat(actual.getWidth()).isEqualTo(expected.getWidth());
        assertThat(actual.getHeight()).isEqualTo(expected.getHeight());
        for (int y = 0; y < expected.getHeight(); y++) {
            for (int x = 0; x < expected.getWidth(); x++) {
                assertThat(actual.getRGB(x, y)).as("pixel (%d, %d)", x, y).isEqualTo(expected.getRGB(x, y));
            }
        }
    }
}
