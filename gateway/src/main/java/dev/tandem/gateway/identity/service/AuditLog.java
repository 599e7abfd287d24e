package dev.tandem.gateway.identity.service;

import dev.tandem.gateway.identity.AuditEvent;
import dev.tandem.gateway.identity.AuditType;
import dev.tandem.gateway.identity.repository.AuditRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;

/** Writes audit events in the caller's transaction, so an event exists exactly when the change it names does. */
@ApplicationScoped
public class AuditLog {

    private final AuditRepository repository;

    public AuditLog(AuditRepository repository) {
        this.repository = repository;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(AuditType type, String actor, String target, String ip, String detail) {
        AuditEvent event = new AuditEvent();
        event.at = Instant.now();
        event.type = type.code();
        event.actor = actor;
        event.target = target;
        event.ip = ip;
        event.detail = detail;
        repository.persist(event);
    }
}
