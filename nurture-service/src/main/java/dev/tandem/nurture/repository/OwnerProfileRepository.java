package dev.tandem.nurture.repository;

import dev.tandem.nurture.OwnerProfile;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;


@ApplicationScoped
public class OwnerProfileRepository implements PanacheRepositoryBase<OwnerProfile, String> {
}
