package dev.tandem.nurture;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** A sales rep as templates show them ({@code owner.*}), learned from the rep's token claims. */
@Entity
@jakarta.persistence.Table(name = "owner_profile")
public class OwnerProfile {

    @Id
    @Column(name = "owner_id")
    public String ownerId;

    public String name;

    public String title;

    public String signature;

    public String email;
}
