package dev.tandem.feedback;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** A sales rep, keyed by the gateway identity (JWT {@code sub}). */
@Entity
@Table(name = "rep")
public class Rep {

    @Id
    public String id;

    @Column(nullable = false)
    public String name;

    @Column(name = "team_id", nullable = false)
    public String teamId;

    @Convert(converter = StringList.class)
    @Column(nullable = false)
    public List<String> countries;

    @Convert(converter = StringList.class)
    @Column(nullable = false)
    public List<String> prefectures;

    @Convert(converter = StringList.class)
    @Column(nullable = false)
    public List<String> industries;

    /** Own calendar; null means the team's. */
    public String calendar;

    @Column(nullable = false)
    public int capacity;

    @Column(name = "out_of_office_from")
    public LocalDate outOfOfficeFrom;

    @Column(name = "out_of_office_to")
    public LocalDate outOfOfficeTo;

    @Column(nullable = false)
    public long routed;

    @Column(nullable = false)
    public boolean active = true;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Version
    public long version;

    public boolean outOfOfficeOn(LocalDate day) {
        return outOfOfficeFrom != null && outOfOfficeTo != null
                && !day.isBefore(outOfOfficeFrom) && !day.isAfter(outOfOfficeTo);
    }
}
