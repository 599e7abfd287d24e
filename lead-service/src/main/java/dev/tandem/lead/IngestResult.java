package dev.tandem.lead;

import java.util.List;

/** The answer to {@code POST /activities}: how many were accepted (acknowledged by Kafka) and which were not. */
public record IngestResult(int accepted, List<ActivityRejection> rejected) {
}
