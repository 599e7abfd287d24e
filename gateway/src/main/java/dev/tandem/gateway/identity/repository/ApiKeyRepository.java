package dev.tandem.gateway.identity.repository;

import dev.tandem.gateway.identity.ApiKey;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class ApiKeyRepository implements PanacheRepositoryBase<ApiKey, UUID> {

    public Optional<ApiKey> findByPrefix(String prefix) {
        return find("prefix", prefix).firstResultOptional();
    }

    public List<ApiKey> page(int offset, int limit) {
        return findAll(Sort.descending("createdAt").and("id")).range(offset, offset + limit - 1).list();
    }
}
