print("tfp")
