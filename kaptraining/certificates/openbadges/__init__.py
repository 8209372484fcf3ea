"""Open Badges 3.0: signed AchievementCredentials for certificates, offline."""
