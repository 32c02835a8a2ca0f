package dev.toonforge.infra;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.PrimitiveIterator;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FreePortsTest {

    @Test
    void aPortTheSystemOffersTwiceIsHandedOutOnce() {
        // Ports 1 and 2 stand for what the system offers; the system never offers privileged ports for port 0.
        PrimitiveIterator.OfInt offers = IntStream.of(1, 1, 2).iterator();
        assertEquals(1, FreePorts.fresh(offers::nextInt));
        assertEquals(2, FreePorts.fresh(offers::nextInt));
    }

    @Test
    void givesUpWhenTheSystemOffersOnlyPortsHandedOutAlready() {
        assertEquals(3, FreePorts.fresh(() -> 3));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> FreePorts.fresh(() -> 3));
        assertTrue(e.getMessage().contains("no free port"), e.getMessage());
    }

    @Test
    void portZeroResolvesToDistinctFreePorts() {
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            assertTrue(ports.add(FreePorts.resolve(0)));
        }
    }

    @Test
    void aRequestedPortIsKept() {
        assertEquals(9092, FreePorts.resolve(9092));
        assertEquals(9092, FreePorts.resolve(9092));
    }
}
