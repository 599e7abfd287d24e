package dev.tandem.gateway.identity;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One line of the identity audit log: who did what to whom, from where. */
@Entity
@Table(name = "audit_events")
public class AuditEvent {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public Instant at;
    public String type;
    /** The caller: a token's subject, or the email tried at a sign-in. */
    public String actor;
    /** What it was done to: a user's email, a key's prefix, a signing key's kid. */
    public String target;
    public String ip;
    public String detail;
}
