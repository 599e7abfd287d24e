package dev.tandem.gateway.identity.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.gateway.identity.config.IdentityConfig;
import dev.tandem.gateway.identity.repository.UserRepository;
import dev.tandem.platform.security.Roles;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * At the first start on an empty database (and only when {@code tandem.identity.bootstrap.credentials-file} is
 * set, as {@code ./tandem up} does), creates the first admin with a random password and a dev API key, and writes
 * both to that file (mode 600). The file is written inside the transaction: if it cannot be written, nothing is
 * created and the next start tries again.
 */
@ApplicationScoped
public class FirstAdmin {

    private static final Logger LOG = Logger.getLogger(FirstAdmin.class);
    private static final long BOOTSTRAP_LOCK = 0x7a6e_6669_7273L;

    private final IdentityConfig config;
    private final UserRepository users;
    private final Users accounts;
    private final ApiKeys apiKeys;
    private final EntityManager entityManager;
    private final ObjectMapper json;

    public FirstAdmin(IdentityConfig config, UserRepository users, Users accounts, ApiKeys apiKeys,
                      EntityManager entityManager, ObjectMapper json) {
        this.config = config;
        this.users = users;
        this.accounts = accounts;
        this.apiKeys = apiKeys;
        this.entityManager = entityManager;
        this.json = json;
    }

    @Transactional
    void onStart(@Observes @Priority(20) StartupEvent start) {
        if (config.bootstrap().credentialsFile().isEmpty()) {
            return;
        }
        Path file = Path.of(config.bootstrap().credentialsFile().get());
        entityManager.createNativeQuery("select pg_advisory_xact_lock(" + BOOTSTRAP_LOCK + ")").getSingleResult();
        if (users.count() > 0) {
            if (!Files.exists(file)) {
                LOG.warnf("users exist but %s does not: the first admin was created elsewhere", file);
            }
            return;
        }
        String email = config.bootstrap().adminEmail();
        String password = Secrets.token();
        accounts.create(email, "Administrator", List.of(Roles.ADMIN), null, true, password, "bootstrap", null);
        ApiKeys.Created devKey = apiKeys.create("dev", List.of(Roles.ADMIN), "dev", null, "bootstrap", null);
        Map<String, Object> credentials = new LinkedHashMap<>();
        credentials.put("email", email);
        credentials.put("password", password);
        credentials.put("apiKey", devKey.secret());
        credentials.put("createdAt", Instant.now().toString());
        write(file, credentials);
        LOG.infof("first admin %s created; credentials and the dev API key are in %s", email, file);
    }

    private void write(Path file, Map<String, Object> credentials) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path temporary = Files.createTempFile(parent, "admin", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(temporary, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(credentials));
            Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the first admin's credentials to " + file, e);
        }
    }
}
