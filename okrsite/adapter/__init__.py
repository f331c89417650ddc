"""The MkDocs adapter: the plugin that hands the built site to MkDocs, and the publish step around MkDocs' build.

The only part of okrsite that imports MkDocs."""
