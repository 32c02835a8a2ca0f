package dev.toonforge.dcgan;

import java.awt.image.BufferedImage;

import dev.toonforge.infra.demo.DemoFaces;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The demo's cartoon faces ({@link DemoFaces}) as the DCGAN's tests take them: a tensor of images. */
public final class CartoonFaces {

    private CartoonFaces() {
    }

    /**
     * {@code count} faces, seeds {@code firstSeed} on, as [count, 3, size, size] in [-1, 1]: drawn at 128 px and scaled,
     * as the demo's uploads are stored.
     */
    public static INDArray batch(long firstSeed, int count, int size) {
        BufferedImage[] faces = new BufferedImage[count];
        for (int i = 0; i < count; i++) {
            faces[i] = DemoFaces.face(firstSeed + i, 128);
        }
        return ImageTensors.toTensor(faces, size);
    }
}
