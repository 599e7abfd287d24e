package dev.tandem.nurture;

/** A sales rep as templates see them ({@code owner.name}, {@code owner.title}, {@code owner.signature}, {@code owner.email}). */
public record OwnerView(String ownerId, String name, String title, String signature, String email) {

    public static OwnerView of(OwnerProfile profile) {
        return new OwnerView(profile.ownerId, profile.name, profile.title, profile.signature, profile.email);
    }
}
