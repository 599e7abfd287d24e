package dev.tandem.lead;

import java.util.List;

/** One page of a sorted result, with the total number of matches. */
public record PageOf<T>(List<T> items, int page, int size, long total) {
}
