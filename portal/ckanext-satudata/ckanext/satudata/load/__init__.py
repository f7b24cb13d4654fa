"""Fast DataStore loading for the satudata portal: the ``satudata_load`` plugin."""
