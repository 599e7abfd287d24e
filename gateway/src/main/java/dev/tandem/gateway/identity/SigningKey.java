package dev.tandem.gateway.identity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** An RS256 key pair of the gateway's issuer; the private part is stored encrypted. */
@Entity
@Table(name = "signing_keys")
public class SigningKey {

    @Id
    public String kid;
    @Column(name = "public_jwk")
    public String publicJwk;
    @Column(name = "private_key_encrypted")
    public byte[] privateKeyEncrypted;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "activates_at")
    public Instant activatesAt;
}
