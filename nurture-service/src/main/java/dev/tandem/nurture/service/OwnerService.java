package dev.tandem.nurture.service;

import dev.tandem.nurture.OwnerProfile;
import dev.tandem.nurture.OwnerView;
import dev.tandem.nurture.repository.OwnerProfileRepository;
import dev.tandem.platform.http.FieldError;
import dev.tandem.platform.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The reps' sender details. Name and email follow the rep's token claims whenever the rep calls the API; title and
 * signature are set by the rep ({@code PUT /owners/me}) or by marketing/admin for a rep ({@code PUT /owners/{id}}).
 */
@ApplicationScoped
public class OwnerService {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    @Inject
    OwnerProfileRepository owners;

    @Inject
    LeadDirectory directory;

    /** The caller's own profile (created from the token's claims on first use). */
    @Transactional
    public OwnerView mine(Caller caller) {
        directory.rememberOwner(caller);
        OwnerProfile owner = owners.findById(caller.subject());
        return owner == null ? new OwnerView(caller.subject(), null, null, null, null) : OwnerView.of(owner);
    }

    @Transactional
    public OwnerView get(String ownerId) {
        OwnerProfile owner = owners.findById(ownerId);
        if (owner == null) {
            throw new NotFoundException("owner", ownerId);
        }
        return OwnerView.of(owner);
    }

    /** Sets the fields present in {@code change}; a blank string clears one. */
    @Transactional
    public OwnerView update(String ownerId, Change change, Caller caller) {
        validate(change);
        if (caller.subject().equals(ownerId)) {
            directory.rememberOwner(caller);
        }
        OwnerProfile owner = owners.findById(ownerId);
        if (owner == null) {
            owner = new OwnerProfile();
            owner.ownerId = ownerId;
            owners.persist(owner);
        }
        if (change.name() != null) {
            owner.name = blankToNull(change.name());
        }
        if (change.title() != null) {
            owner.title = blankToNull(change.title());
        }
        if (change.signature() != null) {
            owner.signature = blankToNull(change.signature());
        }
        if (change.email() != null) {
            owner.email = blankToNull(change.email());
        }
        return OwnerView.of(owner);
    }

    static void validate(Change change) {
        if (change == null) {
            throw InvalidInputException.of("body", "is required: {title?, signature?, name?, email?}");
        }
        List<FieldError> errors = new ArrayList<>();
        length(errors, "name", change.name(), 200);
        length(errors, "title", change.title(), 200);
        length(errors, "signature", change.signature(), 2000);
        length(errors, "email", change.email(), 320);
        if (change.email() != null && !change.email().isBlank() && !EMAIL.matcher(change.email().trim()).matches()) {
            errors.add(new FieldError("email", "'" + change.email() + "' is not an email address"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
    }

    private static void length(List<FieldError> errors, String field, String value, int max) {
        if (value != null && value.length() > max) {
            errors.add(new FieldError(field, "must be at most " + max + " characters"));
        }
    }

    private static String blankToNull(String value) {
        return value.isBlank() ? null : value.strip();
    }

    /** {@code PUT /owners/…} body; absent fields are left as they are. */
    public record Change(String name, String title, String signature, String email) {
    }
}
