package dev.tandem.gateway.identity.repository;

import dev.tandem.gateway.identity.AuditEvent;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

@ApplicationScoped
public class AuditRepository implements PanacheRepositoryBase<AuditEvent, Long> {

    /** Newest first; {@code type} and {@code before} (an id, for the next page) are optional. */
    public List<AuditEvent> page(String type, Long before, int limit) {
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters parameters = new Parameters();
        if (type != null) {
            query.append(" and type = :type");
            parameters.and("type", type);
        }
        if (before != null) {
            query.append(" and id < :before");
            parameters.and("before", before);
        }
        return find(query.toString(), Sort.descending("id"), parameters).page(0, limit).list();
    }
}
