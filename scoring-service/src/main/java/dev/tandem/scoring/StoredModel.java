package dev.tandem.scoring;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** A scoring model with every version it has had; {@code revision} guards concurrent edits. */
public record StoredModel(String id, String name, Instant createdAt, Instant updatedAt, long revision,
                          List<Version> versions) {

    public StoredModel {
        versions = versions.stream().sorted(Comparator.comparingInt(Version::version)).toList();
    }

    public record Version(int version, VersionState state, ScoringModel definition, Instant createdAt,
                          String createdBy, Instant publishedAt, String publishedBy, Instant retiredAt) {

        /** This version retired at {@code at}. */
        public Version retired(Instant at) {
            return new Version(version, VersionState.RETIRED, definition, createdAt, createdBy, publishedAt, publishedBy,
                    at);
        }
    }

    public Optional<Version> draft() {
        return versions.stream().filter(v -> v.state() == VersionState.DRAFT).findFirst();
    }

    public Optional<Version> active() {
        return versions.stream().filter(v -> v.state() == VersionState.ACTIVE).findFirst();
    }

    public Optional<Version> version(int number) {
        return versions.stream().filter(v -> v.version() == number).findFirst();
    }

    /** The draft when there is one, otherwise the active version, otherwise the newest. */
    public Version current() {
        return draft().or(this::active).orElse(versions.get(versions.size() - 1));
    }

    public int latestVersion() {
        return versions.get(versions.size() - 1).version();
    }
}
