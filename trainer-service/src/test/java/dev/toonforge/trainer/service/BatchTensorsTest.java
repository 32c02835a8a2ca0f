package dev.toonforge.trainer.service;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import static org.assertj.core.api.Assertions.assertThat;

class BatchTensorsTest {

    @Test
    void aCpuBuildHandsOutThreeTensorsInTurn() {
        BatchTensors batches = new BatchTensors(4, 8);

        INDArray first = batches.next();
        INDArray second = batches.next();
        INDArray third = batches.next();

        assertThat(first.shape()).containsExactly(4, 3, 8, 8);
        assertThat(first.ordering()).isEqualTo('c');
        assertThat(second).isNotSameAs(first);
        assertThat(third).isNotSameAs(first).isNotSameAs(second);
        assertThat(batches.next()).as("the fourth load reuses the first tensor").isSameAs(first);
        assertThat(batches.next()).isSameAs(second);
    }

    @Test
    void withoutReuseEveryLoadGetsANewTensor() {
        BatchTensors batches = new BatchTensors(4, 8, false);

        INDArray first = batches.next();
        batches.next();
        batches.next();

        assertThat(batches.next()).isNotSameAs(first);
        assertThat(first.shape()).containsExactly(4, 3, 8, 8);
    }
}
