"""The Olea site's build tooling: strict builds, the devserver, the bench."""
