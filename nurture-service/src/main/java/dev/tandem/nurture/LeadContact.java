package dev.tandem.nurture;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

import java.time.Instant;

/** What nurture needs of a lead (kept from lead.events; score.events fill {@code scores}). */
@Entity
@jakarta.persistence.Table(name = "lead_contact")
public class LeadContact {

    @Id
    @Column(name = "lead_id")
    public String leadId;

    public String email;

    @Column(name = "first_name")
    public String firstName;

    @Column(name = "last_name")
    public String lastName;

    public String company;

    @Column(name = "job_title")
    public String jobTitle;

    public String country;

    public String timezone;

    public String locale;

    @Column(name = "owner_id")
    public String ownerId;

    @Column(name = "email_consent")
    public Boolean emailConsent;

    public String stage;

    /** JSON object of the lead's custom attributes. */
    @Column(nullable = false)
    public String attributes = "{}";

    /** JSON object: model id → behaviour + fit score. */
    @Column(nullable = false)
    public String scores = "{}";

    /** Set when the lead was merged into another; it is never mailed again. */
    @Column(name = "merged_into")
    public String mergedInto;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
