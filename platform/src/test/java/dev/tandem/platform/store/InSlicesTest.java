package dev.tandem.platform.store;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InSlicesTest {

    @Test
    void splitsIntoSlicesOfAtMostTheSliceSizeKeepingEveryValueInOrder() {
        List<Integer> values = IntStream.range(0, 2 * InSlices.SIZE + 7).boxed().toList();

        List<List<Integer>> slices = InSlices.of(values);

        assertEquals(List.of(InSlices.SIZE, InSlices.SIZE, 7), slices.stream().map(List::size).toList());
        assertEquals(values, slices.stream().flatMap(List::stream).toList());
    }

    @Test
    void noValuesMeansNoQuery() {
        assertTrue(InSlices.of(List.of()).isEmpty());
    }
}
