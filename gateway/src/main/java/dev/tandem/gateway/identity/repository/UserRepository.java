package dev.tandem.gateway.identity.repository;

import dev.tandem.gateway.identity.User;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class UserRepository implements PanacheRepositoryBase<User, UUID> {

    public Optional<User> findByEmail(String email) {
        return find("lower(email) = lower(?1)", email).firstResultOptional();
    }

    public List<User> page(int offset, int limit) {
        return findAll(Sort.ascending("email")).range(offset, offset + limit - 1).list();
    }
}
