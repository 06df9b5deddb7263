"""The Python cloud function as the common tutorial writes it: the model is loaded
inside the handler, on every request. Served like Cloud Functions serves Python: Flask
under gunicorn (gunicorn main_load_per_request:app)."""
import os

import joblib
from flask import Flask, jsonify, request

MODEL_PATH = os.environ.get("MODEL_PATH", "model.pkl")


def predict(request):
    model = joblib.load(MODEL_PATH)
    data = request.get_json()
    features = [data["sepal_length"], data["sepal_width"], data["petal_length"], data["petal_width"]]
    prediction = model.predict([features])
    return jsonify({"predicted_class": int(prediction[0])})


app = Flask(__name__)
app.add_url_rule("/", "predict", lambda: predict(request), methods=["POST"])
