package dev.tandem.gateway.identity.repository;

import dev.tandem.gateway.identity.SigningKey;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

@ApplicationScoped
public class SigningKeyRepository implements PanacheRepositoryBase<SigningKey, String> {

    public List<SigningKey> newestFirst() {
        return findAll(Sort.descending("activatesAt").and("createdAt", Sort.Direction.Descending)).list();
    }
}
