Rails.application.routes.draw do
  resources :books do
    resources :reviews, only: %i[create destroy]
  end
  resource :session
  resources :passwords, param: :token

  # Reveal health status on /up that returns 200 if the app boots with no exceptions, otherwise 500.
  # Can be used by load balancers and uptime monitors to verify that the app is live.
  get "up" => "rails/health#show", as: :rails_health_check

  root "books#index"
end
