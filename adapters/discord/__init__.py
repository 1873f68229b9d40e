"""The Discord adapter: a discord.py bot that DMs nudges, takes clicks, replies, reactions and
slash commands, and hands every one of them to the same use cases as the demo and Slack."""
