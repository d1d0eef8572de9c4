print("hello from a namespace file")
